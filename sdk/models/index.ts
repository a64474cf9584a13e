export * from "./enums";
export * from "./account";
export * from "./user";
export * from "./receiver";
export * from "./sender";
export * from "./document";
export * from "./ptt";
export * from "./credits";
