"""The warm hand-off: ambassadors, the queue of requests, routing and relay."""
