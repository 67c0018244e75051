export * from './lambda-capture';
export * from './capture-catalog';
export * from './drift-job';
