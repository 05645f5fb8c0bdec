// ES module entry of pimcheck: the same functions as `require('pimcheck')` (main.js, the
// JavaScript layer over the native binding).
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const binding = require('./main.js')

export const { audit, check, convert, lint, plan, show, Policy } = binding
export default binding
