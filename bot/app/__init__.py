"""The running bot, without Slack: the service (polls, delivery through a sender it is given,
the history in memory, health), polling, alerting, the scheduler, imports, and the files (charts
and CSVs) made in a process of their own."""
