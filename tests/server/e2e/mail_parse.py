"""Parses email files (as aiosmtpd's Mailbox handler stores them) with Python's own
email package and prints them as JSON for tests/server/e2e/outbox.test.mjs:

    /usr/bin/python3 mail_parse.py FILE...

Each message: its header fields as [name, raw value] pairs in order, Subject/To/From
decoded, the plain text and HTML bodies and the calendar part decoded (str), with the
calendar's Content-Type parameters.
"""
import email
import email.policy
import json
import sys


def parse(path):
    with open(path, 'rb') as f:
        raw = f.read()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    out = {
        'file': path,
        'headers': [[k, str(v)] for k, v in msg.raw_items()],
        'subject': str(msg['Subject'] or ''),
        'to': [a.addr_spec for a in msg['To'].addresses] if msg['To'] else [],
        'to_names': [a.display_name for a in msg['To'].addresses] if msg['To'] else [],
        'from': str(msg['From'] or ''),
        'reply_to': str(msg['Reply-To'] or ''),
        'message_id': str(msg['Message-ID'] or ''),
        'defects': [type(d).__name__ for d in msg.defects],
        'text': None, 'html': None, 'calendar': None, 'calendar_params': None,
    }
    for part in msg.walk():
        ctype = part.get_content_type()
        if part.is_multipart():
            continue
        if ctype == 'text/plain' and out['text'] is None:
            out['text'] = part.get_content()
        elif ctype == 'text/html' and out['html'] is None:
            out['html'] = part.get_content()
        elif ctype == 'text/calendar' and out['calendar'] is None:
            out['calendar'] = part.get_payload(decode=True).decode('utf-8')
            out['calendar_params'] = dict(part['Content-Type'].params)
    return out


if __name__ == '__main__':
    print(json.dumps([parse(p) for p in sys.argv[1:]]))
