-- incrementProperty on one property from every connection: the server must count each exactly once.
dofile(os.getenv("WRK_DIR") .. "/headers.lua")
wrk.method = "PUT"
wrk.path = "/rest/v1.0/properties/bench/counter?projectName=Default&request=incrementProperty"
dofile(os.getenv("WRK_DIR") .. "/report.lua")
