export { SmsUser, type SmsUserArgs, type SmsUserOutputs } from "./smsUser";
export { SmsSender, type SmsSenderArgs, type SmsSenderOutputs } from "./smsSender";
export {
  SmsCreditTransfer,
  type SmsCreditTransferArgs,
  type SmsCreditTransferOutputs,
} from "./smsCreditTransfer";
export { SmsReceiverSlot, type SmsReceiverSlotArgs, type SmsReceiverSlotOutputs } from "./smsReceiverSlot";
export { SmsAccount, type SmsAccountArgs, type SmsAccountOutputs } from "./smsAccount";
export {
  declareAccounts,
  declareAccountsFile,
  loadAccountsFile,
  parseAccountsFile,
  type AccountsFile,
  type DeclaredAccounts,
} from "./accounts";
export { OVH_CONFIG_KEYS } from "./config";
