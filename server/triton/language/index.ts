// Editor features for config.pbtxt as pure functions (the language server wires them to LSP requests).
export { completionsAt, type CompletionItem } from './completion';
export { hoverAt, autoCompleteText, type Hover } from './hover';
export { documentSymbols, foldingRanges, type DocumentSymbol, type FoldingRange } from './outline';
export { formatConfig, formatDocumentEdits, formatRangeEdits, type TextEdit } from './format';
export { definitionAt, type DefinitionTarget } from './definition';
export { codeActionsFor, addModelIO, generateConfigFromModel, writeGeneratedConfig, type CodeAction } from './quickfix';
export { languageContextFor, type LanguageContext } from './context';
