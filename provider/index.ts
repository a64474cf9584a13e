export { SmsUser, type SmsUserArgs, type SmsUserOutputs } from "./smsUser";
export { declareAccounts, loadAccountsFile, parseAccountsFile, type AccountsFile } from "./accounts";
export { OVH_CONFIG_KEYS } from "./config";
