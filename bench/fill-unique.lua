-- wrk script for bench/l1-memory.sh: the threads between them ask for ENTRIES distinct URLs, each
-- thread its own share, then ask for them again (hits: they add nothing), so the cache ends holding
-- exactly ENTRIES entries whatever the run's length.
local threads = 0
local per_thread = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  local entries = tonumber(os.getenv("ENTRIES") or "100000")
  local total = tonumber(os.getenv("THREADS") or "2")
  per_thread = math.floor(entries / total)
end

local counter = 0
function request()
  counter = counter + 1
  if counter > per_thread then
    counter = 1
  end
  return wrk.format("GET", string.format("/sim/respond/mem/%d/%d?size=%s", tid, counter, os.getenv("BODY") or "1024"))
end
