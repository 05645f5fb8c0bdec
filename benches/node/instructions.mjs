// benches/instructions.sh: Node binding instruction counts under callgrind: N calls of check(object), or checkMany of 10*N.
import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
const require = createRequire(import.meta.url)
const pimcheck = require(process.cwd() + '/bindings-node/index.js')
const [what, n] = [process.argv[2], Number(process.argv[3])]
const policy = new pimcheck.Policy(readFileSync('benches/data/g2-rolesetting-get-response.json', 'utf8'))
const request = JSON.parse(readFileSync('benches/data/g2-request-useradd-activate.json', 'utf8'))
const opts = { now: '2018-05-12T23:00:00Z', mfa: true }
if (what === 'check') { for (let i = 0; i < n; i++) policy.check(request, opts) }
else { policy.checkMany(Array(n * 10).fill(request), opts) }
