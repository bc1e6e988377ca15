-- setProperty on one of 1,000 properties per request, with a new value each time.
dofile(os.getenv("WRK_DIR") .. "/headers.lua")
local counter = 0
request = function()
  counter = counter + 1
  local path = string.format("/rest/v1.0/properties/bench/key%d?projectName=Default&value=v%d",
    math.random(1, 1000), counter)
  return wrk.format("PUT", path)
end
dofile(os.getenv("WRK_DIR") .. "/report.lua")
