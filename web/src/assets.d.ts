// File names of the build's artifacts, set by web/build.mjs through esbuild `define`:
// content-hashed (slotpay-widget.1a2b3c4d.js) so that they can be cached forever. Code
// reads them as `typeof X == 'string' ? X : 'plain-name.js'` so that a bundle built
// without the defines still finds the files under their plain names (esbuild folds the
// test away when they are defined).
declare const __SLOTPAY_WIDGET_JS__: string;
declare const __SLOTPAY_CORE_MJS__: string;
declare const __SLOTPAY_CORE_WASM__: string;
declare const __SLOTPAY_CORE_GLUE_MJS__: string;
