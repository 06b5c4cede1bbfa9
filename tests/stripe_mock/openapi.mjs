// Request validation against an OpenAPI 3 document (Stripe's spec3 or a subset of it).
// Form parameters arrive as strings (see form.mjs); validation coerces them to the
// declared types (integer, boolean, number) and reports errors in Stripe's shape:
// {code?, param, message}. Codes used: parameter_unknown, parameter_missing,
// parameter_invalid_integer, parameter_invalid_empty (others: no code, like Stripe's
// "Invalid boolean: x" / enum messages).

import { readFileSync } from 'node:fs';

export class OpenApiSpec {
  constructor(doc, { extraPaths = {} } = {}) {
    this.doc = doc;
    this.routes = [];
    const add = (template, ops, extension) => {
      const names = [];
      const re = new RegExp(
        '^' +
          template.replace(/[.*+?^$()|\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_, n) => {
            names.push(n);
            return '([^/]+)';
          }) +
          '$',
      );
      for (const [method, op] of Object.entries(ops)) {
        if (!op || typeof op !== 'object' || !['get', 'post', 'delete'].includes(method)) continue;
        this.routes.push({ template, method: method.toUpperCase(), re, names, op, extension });
      }
    };
    for (const [template, ops] of Object.entries(doc.paths || {})) add(template, ops, false);
    for (const [template, ops] of Object.entries(extraPaths)) add(template, ops, true);
    // literal segments win over templated ones
    this.routes.sort((a, b) => a.names.length - b.names.length);
  }

  static load(path, opts) {
    return new OpenApiSpec(JSON.parse(readFileSync(path, 'utf8')), opts);
  }

  schema(name) {
    return this.doc.components?.schemas?.[name];
  }

  resolve(schema, depth = 0) {
    while (schema && schema.$ref && depth < 50) {
      const m = /^#\/components\/schemas\/(.+)$/.exec(schema.$ref);
      schema = m ? this.schema(m[1]) : undefined;
      depth++;
    }
    return schema || {};
  }

  // -> {route, pathParams} | {methodMismatch: true} | null
  match(method, pathname) {
    let pathMatched = false;
    for (const r of this.routes) {
      const m = r.re.exec(pathname);
      if (!m) continue;
      pathMatched = true;
      if (r.method !== method) continue;
      const pathParams = {};
      r.names.forEach((n, i) => (pathParams[n] = decodeURIComponent(m[i + 1])));
      return { route: r, pathParams };
    }
    return pathMatched ? { methodMismatch: true } : null;
  }

  // params: decoded form body (POST) or query (GET). Returns {errors, params}.
  validate(route, params) {
    const errors = [];
    const op = route.op;
    let bodySchema = null;
    if (route.method === 'POST') {
      const content = op.requestBody?.content || {};
      const form = content['application/x-www-form-urlencoded'] || Object.values(content)[0];
      bodySchema = form?.schema ? this.resolve(form.schema) : { type: 'object', properties: {} };
    } else {
      const properties = {};
      const required = [];
      for (const p of op.parameters || []) {
        if (p.in !== 'query') continue;
        properties[p.name] = p.schema || {};
        if (p.required) required.push(p.name);
      }
      bodySchema = { type: 'object', properties, required };
    }
    const out = this.checkObject(params || {}, bodySchema, '', errors, true);
    return { errors, params: out };
  }

  checkObject(value, schema, param, errors, top = false) {
    const props = schema.properties || {};
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      const name = top ? k : `${param}[${k}]`;
      let sub = props[k];
      if (!sub) {
        const ap = schema.additionalProperties;
        if (ap && typeof ap === 'object') sub = ap;
        else if (ap === true || (!schema.properties && ap === undefined && !top)) sub = {};
      }
      if (!sub) {
        errors.push({ code: 'parameter_unknown', param: name, message: `Received unknown parameter: ${name}` });
        continue;
      }
      out[k] = this.check(v, sub, name, errors);
    }
    for (const r of schema.required || []) {
      if (!(r in value)) {
        const name = top ? r : `${param}[${r}]`;
        errors.push({ code: 'parameter_missing', param: name, message: `Missing required param: ${name}.` });
      }
    }
    return out;
  }

  check(value, schemaIn, param, errors) {
    const schema = this.resolve(schemaIn);
    if (schema.anyOf || schema.oneOf) {
      const branches = (schema.anyOf || schema.oneOf).map((b) => this.resolve(b));
      const attempts = [];
      for (const b of branches) {
        const errs = [];
        const v = this.check(value, b, param, errs);
        if (errs.length === 0) return v;
        attempts.push({ b, errs });
      }
      // report the errors of the branch whose kind matches the value best
      const kind = Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : 'scalar';
      const best =
        attempts.find(({ b }) =>
          kind === 'scalar' ? !['object', 'array'].includes(b.type) : b.type === kind,
        ) || attempts[0];
      errors.push(...best.errs);
      return value;
    }
    const type = schema.type;
    if (type === 'object' || (!type && schema.properties)) {
      if (Array.isArray(value)) value = Object.fromEntries(value.map((v, i) => [String(i), v]));
      if (value === '' && schema.additionalProperties && !schema.properties) return ''; // metadata= unsets all
      if (typeof value !== 'object' || value === null) {
        errors.push({ param, message: `Invalid object` });
        return value;
      }
      return this.checkObject(value, schema, param, errors);
    }
    if (type === 'array') {
      if (!Array.isArray(value)) {
        errors.push({ param, message: `Invalid array` });
        return value;
      }
      return value.map((v, i) => (schema.items ? this.check(v, schema.items, `${param}[${i}]`, errors) : v));
    }
    if (typeof value === 'object' && value !== null) {
      errors.push({ param, message: `Invalid ${type || 'value'}: expected a scalar, got a hash/array` });
      return value;
    }
    if (type === 'integer') {
      if (!/^-?\d+$/.test(value)) {
        errors.push({ code: 'parameter_invalid_integer', param, message: `Invalid integer: ${value}` });
        return value;
      }
      return Number(value);
    }
    if (type === 'number') {
      if (!/^-?\d+(\.\d+)?$/.test(value)) {
        errors.push({ param, message: `Invalid decimal: ${value}` });
        return value;
      }
      return Number(value);
    }
    if (type === 'boolean') {
      if (value === 'true') return true;
      if (value === 'false') return false;
      errors.push({ param, message: `Invalid boolean: ${value}` });
      return value;
    }
    if (type === 'string' || schema.enum) {
      if (schema.enum && !schema.enum.includes(value)) {
        const list = schema.enum.map((e) => (e === '' ? '""' : e));
        const shown = list.length > 1 ? `${list.slice(0, -1).join(', ')}, or ${list.at(-1)}` : list[0];
        errors.push({ param, message: `Invalid ${param}: must be one of ${shown}` });
        return value;
      }
      if (schema.maxLength !== undefined && value.length > schema.maxLength) {
        errors.push({
          param,
          message: `Invalid string: ${value.slice(0, 20)}...; must be at most ${schema.maxLength} characters`,
        });
      }
      return value;
    }
    return value;
  }
}
