-- etcd 3.4's HTTP gateway: a linearizable range GET of one key.
wrk.method = "POST"
wrk.body = '{"key": "YmVuY2gva2V5"}'  -- base64("bench/key")
wrk.headers["Content-Type"] = "application/json"
wrk.path = "/v3/kv/range"
dofile(os.getenv("WRK_DIR") .. "/report.lua")
