// Database drivers (DuckDB, node-postgres) are for the command line's `--engine`: in the page any use of
// them is an error that says so. A CommonJS proxy, so that any name imported from it resolves.
const unavailable = () => {
  throw Object.assign(new Error('浏览器版不连接数据库（--engine duckdb / postgres 请用命令行 canji）'), { code: 'WORKBENCH_UNAVAILABLE' });
};
module.exports = new Proxy({}, {
  get: (_t, name) => (name === '__esModule' || typeof name === 'symbol' ? undefined : function () { return unavailable(); }),
});
