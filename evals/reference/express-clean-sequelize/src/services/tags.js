'use strict';
// The tags in use, alphabetically.
const tags = require('../repositories/tags');

function list() {
  return tags.namesInUse();
}

module.exports = { list };
