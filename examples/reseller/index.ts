/**
 * A reseller manages the SMS accounts of its customers. Every customer gets the same two users: `api`
 * (their application, restricted to their servers' IPs, with a quota sized by plan) and `alerts` (a
 * small quota for monitoring). The customer list comes from stack config, so adding a customer is a
 * one-line change reviewed in git.
 *
 *   pulumi config set --path 'customers[0].serviceName' sms-ab12345-1   (see README.md)
 */
import * as pulumi from "@pulumi/pulumi";
import { SmsUser } from "pulumi-ovh-sms";

interface Customer {
  serviceName: string;
  plan: "starter" | "business";
  contactEmail: string;
  serverIps: string[];
}

const credits = { starter: 100, business: 500 } as const;

const config = new pulumi.Config();
const customers = config.requireObject<Customer[]>("customers");

export const users = customers.map((customer) => {
  // One secret per customer, e.g. `pulumi config set --secret sms-ab12345-1-password Xy12ab34`.
  const password = config.requireSecret(`${customer.serviceName}-password`);
  const api = new SmsUser(`${customer.serviceName}-api`, {
    serviceName: customer.serviceName,
    login: "api",
    password,
    ipRestrictions: customer.serverIps,
    quota: { credits: credits[customer.plan] },
    alert: { threshold: credits[customer.plan] / 10, via: "email", email: customer.contactEmail },
    adopt: true, // customers may have made it by hand before they came to us
  });
  const alerts = new SmsUser(`${customer.serviceName}-alerts`, {
    serviceName: customer.serviceName,
    login: "alerts",
    password,
    quota: { credits: 20, topUp: new Date().toISOString().slice(0, 7) }, // refilled every month
  });
  return {
    serviceName: customer.serviceName,
    apiQuotaLeft: api.quotaLeft,
    alertsQuotaLeft: alerts.quotaLeft,
  };
});
