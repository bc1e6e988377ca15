-- POST /sessions: a new Flow session per request (the password is verified from the credential cache).
wrk.method = "POST"
wrk.path = "/rest/v1.0/sessions"
wrk.body = '{"userName": "admin", "password": "changeme"}'
wrk.headers["Content-Type"] = "application/json"
dofile(os.getenv("WRK_DIR") .. "/report.lua")
