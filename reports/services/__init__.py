"""Every write of the reports app. One module per workflow:

field_reports   authoring, submission and review of field reports, PMM clearance of statistics
periodic        compiling periodic reports, approval, sending to PMM, acknowledgement, re-issue
generation      PDF generation jobs: request, render (the worker's side), retry, resend stalled
notifications   the e-mails each transition sends, in the recipient's language
reminders       due-date reminders to field reporters
"""
