// The vscode-languageserver/-client/-jsonrpc 10 packages publish their types through package.json "exports" only,
// which this project's `moduleResolution: node` does not read. These aliases point TypeScript at the same files;
// at run time Node and esbuild resolve the "exports" map themselves.
declare module 'vscode-languageserver' { export * from 'vscode-languageserver/lib/common/api'; }
declare module 'vscode-languageserver/node' { export * from 'vscode-languageserver/lib/node/main'; }
declare module 'vscode-languageserver-protocol' { export * from 'vscode-languageserver-protocol/lib/common/api'; }
declare module 'vscode-languageserver-protocol/node' { export * from 'vscode-languageserver-protocol/lib/node/main'; }
declare module 'vscode-jsonrpc' { export * from 'vscode-jsonrpc/lib/common/api'; }
declare module 'vscode-jsonrpc/node' { export * from 'vscode-jsonrpc/lib/node/main'; }
declare module 'vscode-languageclient' { export * from 'vscode-languageclient/lib/common/api'; }
declare module 'vscode-languageclient/node' { export * from 'vscode-languageclient/lib/node/main'; }
