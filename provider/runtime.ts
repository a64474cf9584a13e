/**
 * What the serialized provider shims load at run time (`pulumi-ovh-sms/runtime`). Keeping the logic
 * here, not in the state, means refresh and destroy always run the installed version.
 */
export { configure } from "./config";
export * as smsUser from "./smsUser";
export * as smsSender from "./smsSender";
export * as smsCreditTransfer from "./smsCreditTransfer";
export * as smsCreditTransferIntent from "./smsCreditTransferIntent";
export * as smsAccount from "./smsAccount";
export * as smsReceiverSlot from "./smsReceiverSlot";
