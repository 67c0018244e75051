export * from './lambda-capture';
