"""benches/instructions.sh: Python binding instruction counts under callgrind: N calls of check(dict) and one check_many of
N dicts (threads=1); run with N=10 and N=110 and subtract."""
import json, sys
from datetime import datetime, timezone
import pimcheck
what, n = sys.argv[1], int(sys.argv[2])
data = "benches/data/"
policy = pimcheck.Policy(open(data + "g2-rolesetting-get-response.json").read())
request = json.load(open(data + "g2-request-useradd-activate.json"))
now = datetime(2018, 5, 12, 23, tzinfo=timezone.utc)
if what == "check":
    for _ in range(n):
        policy.check(request, now=now, mfa=True)
else:
    policy.check_many([request] * (n * 10), now=now, mfa=True, threads=1)
