-- Headers for every request, from the environment: WRK_HEADER_1="Name: value", WRK_HEADER_2=...
local i = 1
while os.getenv("WRK_HEADER_" .. i) do
  local name, value = os.getenv("WRK_HEADER_" .. i):match("^([^:]+):%s*(.*)$")
  wrk.headers[name] = value
  i = i + 1
end
