export { SmsUser, type SmsUserArgs, type SmsUserOutputs } from "./smsUser";
export { OVH_CONFIG_KEYS } from "./config";
