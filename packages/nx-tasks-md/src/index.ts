export * from './model';
export * from './runners';
export * from './graph';
