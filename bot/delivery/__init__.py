"""Delivery you can trust: receive, commit, then answer; send separately.

As courier (RapidPro's channel service) does it:
- `inbox`: a webhook records what arrived, durably, and returns at once; a
  retry of the same delivery is recorded once. Each person's messages are
  then handled one at a time, in the order they were sent, by whichever
  Bridge process claims them first.
- `outbox`: every reply is a row (sealed, like every text we keep), written
  in the same transaction that marks the message handled; one sender per
  process delivers rows, with typed errors: blocked by the person means stop,
  429 means wait as long as asked, network trouble means back off and retry,
  a permanent refusal means give up and log the case number. A row is
  deleted once delivered: nothing is kept after delivery.
The hand-off relay and the desk write to the same outbox, so a claim counts
when the database says so, whatever the desk API does at that moment.
"""
