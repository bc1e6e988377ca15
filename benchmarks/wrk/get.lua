-- GET wrk's URL with the headers given in the environment (WRK_HEADER_<n>="Name: value").
dofile(os.getenv("WRK_DIR") .. "/headers.lua")
dofile(os.getenv("WRK_DIR") .. "/report.lua")
