// The value test/terraform/global-setup.js provides to the workerd tests through `inject("terraformDeployment")`.
import "vitest";

interface TerraformBinding {
    name: string;
    type: "json" | "plain_text" | "secret_text";
    /** A JSON binding's value, as Terraform sends it (JSON text). */
    json?: string;
    /** A text binding's value. */
    text?: string;
}

declare module "vitest" {
    export interface ProvidedContext {
        terraformDeployment:
            | { error: string }
            | {
                  error?: undefined;
                  /** cloudflare_workers_script's attributes, evaluated; content_file is an absolute path. */
                  script: {
                      script_name: string;
                      content_file: string;
                      content_sha256: string;
                      main_module: string;
                      compatibility_date: string;
                      compatibility_flags: string[];
                      bindings: TerraformBinding[];
                  };
                  /** The patterns of the cloudflare_workers_route resources. */
                  routes: string[];
                  /** The name of the upstream binding (bindings.json's upstream role). */
                  upstreamBinding: string;
              };
    }
}
