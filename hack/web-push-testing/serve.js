// Starts web-push-testing's push service on 127.0.0.1 only: its own bin/server.js (which this
// runs, with the port as its argument) listens on every interface, and a test server has no
// business there. Usage: node serve.js PORT
'use strict';
const http = require('http');
const path = require('path');

const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (port, ...rest) {
  if (typeof port === 'number' && typeof rest[0] !== 'string') {
    return listen.call(this, port, '127.0.0.1', ...rest);
  }
  return listen.call(this, port, ...rest);
};

require(path.join(__dirname, 'node_modules', 'web-push-testing', 'src', 'bin', 'server.js'));
