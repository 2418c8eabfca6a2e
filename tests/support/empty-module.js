// Stands in for `server-only` under jest, which is not a React server environment.
module.exports = {};
