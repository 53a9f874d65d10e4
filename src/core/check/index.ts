/**
 * The consistency checker's public face: a history in, verdicts and witnesses out
 * (docs/history.md). Everything else in this folder is detail behind these names.
 */
export { checkHistory, unsupportedOps } from './check';
export { detectFormat, parseHistory, HISTORY_FORMATS, type HistoryFormat, type ParseResult } from './formats';
export { MODEL_NAMES, inferModel, modelByName, registerModel, casRegisterModel, kvModel, type Model, type ModelName } from './model';
export { witnessDiagram, mermaidText, describeCall, describeReturn } from './mermaid';
export { makeBudget, PartitionSearch, searchPartition, isEffective, type Budget, type SearchResult } from './search';
export * from './types';
