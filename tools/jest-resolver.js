// Some ESM-only packages (unicorn-magic, used by execa) export only an "import" condition.
// Jest resolves with "require"; when that finds nothing, retry with "import" (the file is then
// compiled to CommonJS by the transform in jest.preset.js).
module.exports = (request, options) => {
  try {
    return options.defaultResolver(request, options);
  } catch (error) {
    const conditions = [...(options.conditions ?? ['require', 'node', 'default']), 'import'];
    try {
      return options.defaultResolver(request, { ...options, conditions });
    } catch {
      throw error;
    }
  }
};
