'use strict';

// A feature file named art_NN[_MM]_topic.feature encodes articles NN (and MM): its
// Feature carries @art_NN (and @art_MM), without leading zeros, so that the scenarios
// can be selected by article (`make spec ART=31`) and the living documentation can
// say which article each scenario rests on. Other @art_N tags may be added.

const path = require('path');

const rule = 'article-tags';
const availableConfigs = {};

function run(feature, file) {
  if (!feature) {
    return [];
  }
  const name = path.basename(file.relativePath, '.feature');
  const match = /^art((?:_\d+)+)_/.exec(name + '_');
  if (!match) {
    return [{
      message: `File name "${name}.feature" does not start with art_NN_ (the article it encodes)`,
      rule,
      line: 1,
    }];
  }
  const tags = new Set((feature.tags || []).map(tag => tag.name));
  const line = feature.tags && feature.tags.length ? feature.tags[0].location.line : feature.location.line;
  return match[1].split('_').filter(Boolean).map(n => `@art_${Number(n)}`)
    .filter(tag => !tags.has(tag))
    .map(tag => ({message: `Feature must be tagged ${tag} (from its file name)`, rule, line}));
}

module.exports = {name: rule, run, availableConfigs};
