"""SMTP sink handlers for tests/server/mail, run by aiosmtpd's own CLI:

    /usr/bin/python3 -m aiosmtpd -n -l 127.0.0.1:PORT -c sink_handlers.Refusing \
        MAILDIR COUNT "451 4.3.0 Try again later"

with this folder on PYTHONPATH.
"""
from aiosmtpd.handlers import Mailbox


class Refusing(Mailbox):
    """A Mailbox that answers DATA with REPLY for the first COUNT messages, then stores
    messages as Mailbox does (MAILDIR/new/)."""

    def __init__(self, mail_dir, count, reply):
        super().__init__(mail_dir)
        self.remaining = int(count)
        self.reply = reply

    async def handle_DATA(self, server, session, envelope):
        if self.remaining > 0:
            self.remaining -= 1
            return self.reply
        return await super().handle_DATA(server, session, envelope)

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 3:
            parser.error("Refusing takes MAILDIR COUNT REPLY")
        return cls(*args)
