-- wrk script for bench/hit-path.sh: every request asks for a URL never asked before in this wrk run
-- (per-thread counter), so no request can hit or be collapsed with another.
-- The origin answers Cache-Control: no-store, so neither cache grows during the run.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local counter = 0
function request()
  counter = counter + 1
  return wrk.format("GET", string.format(
    "/sim/respond/bench-unique/%d/%d?cache-control=no-store&size=120", tid, counter))
end
