// The package ships no types; this declares only the parts the SDK uses.
declare module "@ovhcloud/node-ovh" {
  function ovh(params: Record<string, unknown>): ovh.OvhInstance;
  namespace ovh {
    interface OvhAccessToken {
      token: { access_token: string; expires_at?: Date };
      expired(expirationWindowSeconds?: number): boolean;
    }
    interface OvhOAuthClient {
      getToken(params: { scope: string }, httpOptions?: Record<string, unknown>): Promise<OvhAccessToken>;
    }
    interface OvhInstance {
      oauthClient?: OvhOAuthClient;
      signRequest(httpMethod: string, url: string, body: string | null, timestamp: number | string): string;
    }
  }
  export = ovh;
}
