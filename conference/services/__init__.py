"""Every write of the conference app. Views, the API, the admin and tasks call these."""
