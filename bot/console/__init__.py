"""The coordinators' console: a small web application in its own process
(`python -m bot.console`, started by `make run` on CONSOLE_PORT) where
coordinators manage ambassadors and see the queue and workload, and
analysts see privacy-safe insights. Server-rendered pages, no JavaScript
needed, every asset ships with Bridge."""
