// ES module entry of pimcheck: the same native binding as `require('pimcheck')`.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const binding = require('./index.js')

export const { check, convert, Policy } = binding
export default binding
