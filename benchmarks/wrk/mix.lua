-- A realistic mix: 90% property GETs, 10% setProperty, spread over many sessions and properties.
-- MIX_SESSIONS names a file of session ids (one per line); MIX_PROPERTIES how many properties
-- (mix/p1 .. mix/pN in project Default) there are.
local sessions = {}
for line in io.lines(os.getenv("MIX_SESSIONS")) do sessions[#sessions + 1] = line end
local properties = tonumber(os.getenv("MIX_PROPERTIES"))
local counter = 0
request = function()
  counter = counter + 1
  local headers = { ["sessionId"] = sessions[math.random(1, #sessions)] }
  local name = string.format("/rest/v1.0/properties/mix/p%d?projectName=Default", math.random(1, properties))
  if math.random(1, 10) == 1 then
    return wrk.format("PUT", name .. "&value=w" .. counter, headers)
  end
  return wrk.format("GET", name, headers)
end
dofile(os.getenv("WRK_DIR") .. "/report.lua")
