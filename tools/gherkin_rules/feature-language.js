'use strict';

// The features are written in Chinese: each file must declare `# language: zh-CN`
// (the Gherkin parser reads the header; without it the Chinese keywords do not parse,
// and another dialect such as zh-TW would parse a different keyword set).

const rule = 'feature-language';
const availableConfigs = {language: 'zh-CN'};

function run(feature, file, config) {
  if (!feature) {
    return [];
  }
  const expected = (config && config.language) || availableConfigs.language;
  if (feature.language !== expected) {
    return [{
      message: `Feature language is "${feature.language}", expected "# language: ${expected}"`,
      rule,
      line: 1,
    }];
  }
  return [];
}

module.exports = {name: rule, run, availableConfigs};
