'use strict';

// The package's main entry: n8n loads the classes through the "n8n" block of package.json;
// this re-exports them for tools and tests that import the package directly.
const { Vtrix } = require('./dist/nodes/Vtrix/Vtrix.node.js');
const { VtrixApi } = require('./dist/credentials/VtrixApi.credentials.js');

module.exports = { Vtrix, VtrixApi };
