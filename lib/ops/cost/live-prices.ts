/**
 * Current On-Demand prices from the AWS Price List Query API (GetProducts), for `mldeploy cost --live`.
 *
 * The API answers at two endpoints only, us-east-1 and ap-south-1, whatever region is priced: AWS Billing User
 * Guide, "Using the AWS Price List API" https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/price-changes.html
 * Request (ServiceCode, Filters of Type TERM_MATCH with Field and Value, FormatVersion aws_v1, NextToken) and
 * response (PriceList: one JSON document per product, its terms.OnDemand[…].priceDimensions[…] holding unit,
 * beginRange and pricePerUnit.USD): "GetProducts", AWS Billing and Cost Management API Reference
 * https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_pricing_GetProducts.html
 * IAM action pricing:GetProducts.
 *
 * Product attributes, as the Price List publishes them (no AWS page lists them per service; DescribeServices and
 * GetAttributeValues return them, and these are the names published Price List products carry):
 * - AmazonSageMaker: regionCode, component "Hosting", instanceName "ml.m5.large"; unit "Hrs".
 * - AWSLambda: regionCode, group "AWS-Lambda-Requests", "AWS-Lambda-Duration", "AWS-Lambda-Provisioned-Concurrency",
 *   "AWS-Lambda-Duration-Provisioned", each with the suffix "-ARM" for arm64; duration is tiered, the first tier
 *   (beginRange 0) is the list price.
 * - AmazonSageMaker, product family "ML Serverless": regionCode, memorygb "1"–"6" (the memory size in GB), and group
 *   "ServerlessInf" (on-demand inference, usage type <region>-ServerlessInf:Mem-<n>GB),
 *   "ServerlessProvisionedConcurrency-Usage" (the provisioned concurrency, ProvisionedConcurrency:Usage-<n>GB) or
 *   "ServerlessProvisionedConcurrency-Duration" (inference served by it, ProvisionedConcurrency:Mem-<n>GB); unit
 *   "seconds", one price per memory size. A serverless price the API does not return falls back to the bundled table's
 *   figure, with a warning.
 */
import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { OpsContext } from '../context';
import {
  bundledPrices,
  LambdaArchitecture,
  LambdaPrices,
  RegionPrices,
  ServerlessPrices,
  uncoveredRegions,
} from './prices';

/** The Price List Query API's home region. */
export const PRICE_LIST_REGION = 'us-east-1';

/** What to look up in one region. */
export interface PriceNeeds {
  readonly instanceTypes: ReadonlySet<string>;
  readonly lambdaArchitectures: ReadonlySet<LambdaArchitecture>;
  /** Serverless memory sizes in MB, each with whether a model of that size has provisioned concurrency. */
  readonly serverless: ReadonlyMap<number, { readonly provisioned: boolean }>;
}

/** The prices of a region, and what had to come from the bundled table instead. */
export interface LivePrices {
  readonly prices: RegionPrices;
  readonly warnings: readonly string[];
}

const LAMBDA_GROUPS: Record<keyof LambdaPrices, string> = {
  requestUsd: 'AWS-Lambda-Requests',
  durationPerGbSecond: 'AWS-Lambda-Duration',
  provisionedConcurrencyPerGbSecond: 'AWS-Lambda-Provisioned-Concurrency',
  provisionedDurationPerGbSecond: 'AWS-Lambda-Duration-Provisioned',
};

const SERVERLESS_GROUPS: Record<keyof ServerlessPrices, { group: string; name: string }> = {
  onDemandPerSecond: { group: 'ServerlessInf', name: 'SageMaker Serverless Inference' },
  provisionedConcurrencyPerSecond: {
    group: 'ServerlessProvisionedConcurrency-Usage',
    name: 'SageMaker Serverless Inference provisioned concurrency',
  },
  provisionedInferencePerSecond: {
    group: 'ServerlessProvisionedConcurrency-Duration',
    name: 'SageMaker Serverless Inference on provisioned concurrency',
  },
};

export async function livePrices(ctx: OpsContext, region: string, needs: PriceNeeds): Promise<LivePrices> {
  const client = ctx.clientsFor(PRICE_LIST_REGION).pricing;
  const hosting: Record<string, number> = {};
  for (const instanceType of needs.instanceTypes) {
    const price = await onDemandPrice(ctx, client, 'AmazonSageMaker', {
      regionCode: region,
      component: 'Hosting',
      instanceName: instanceType,
    });
    if (price !== undefined) hosting[instanceType] = price;
  }
  const lambda: Partial<Record<LambdaArchitecture, LambdaPrices>> = {};
  for (const architecture of needs.lambdaArchitectures) {
    const rates: Record<string, number | undefined> = {};
    for (const [field, group] of Object.entries(LAMBDA_GROUPS)) {
      rates[field] = await onDemandPrice(ctx, client, 'AWSLambda', {
        regionCode: region,
        group: architecture === 'arm64' ? `${group}-ARM` : group,
      });
    }
    lambda[architecture] = rates;
  }
  // The bundled figures back up the serverless prices only; a region the table lacks has none to offer.
  const bundled = uncoveredRegions([region]).length === 0 ? bundledPrices(region) : undefined;
  const warnings: string[] = [];
  const serverless: Record<number, ServerlessPrices> = {};
  for (const [memoryMb, { provisioned }] of needs.serverless) {
    const rates: Partial<Record<keyof ServerlessPrices, number>> = {};
    for (const [field, { group, name }] of Object.entries(SERVERLESS_GROUPS) as [
      keyof ServerlessPrices,
      { group: string; name: string },
    ][]) {
      if (field !== 'onDemandPerSecond' && !provisioned) continue;
      const live = await onDemandPrice(ctx, client, 'AmazonSageMaker', {
        regionCode: region,
        group,
        memorygb: String(memoryMb / 1024),
      });
      const fallback = bundled?.sagemakerServerlessPerSecond[memoryMb]?.[field];
      rates[field] = live ?? fallback;
      if (live === undefined && fallback !== undefined) {
        warnings.push(
          `the AWS Price List API returned no price for ${name} ${memoryMb} MB in ${region}: ` +
            `using $${fallback}/s from the ${bundled!.source}`,
        );
      }
    }
    serverless[memoryMb] = rates;
  }
  return {
    prices: {
      region,
      source: 'AWS Price List API',
      sagemakerHostingPerHour: hosting,
      sagemakerServerlessPerSecond: serverless,
      lambda,
    },
    warnings,
  };
}

interface PriceDimension {
  readonly unit?: string;
  readonly beginRange?: string;
  readonly pricePerUnit?: { readonly USD?: string };
}

/**
 * The On-Demand USD price of the products matching `attributes`: the first tier of each, and only when every
 * matching product agrees. Undefined when nothing matches or the products disagree: never a guess.
 */
async function onDemandPrice(
  ctx: OpsContext,
  client: PricingClient,
  serviceCode: string,
  attributes: Record<string, string>,
): Promise<number | undefined> {
  const Filters = Object.entries(attributes).map(([Field, Value]) => ({
    Type: 'TERM_MATCH' as const,
    Field,
    Value,
  }));
  const prices = new Set<number>();
  let NextToken: string | undefined;
  do {
    const page = await ctx.aws(
      { action: 'pricing:GetProducts', resource: `${serviceCode} ${Object.values(attributes).join(' ')}` },
      () =>
        client.send(
          new GetProductsCommand({ ServiceCode: serviceCode, Filters, FormatVersion: 'aws_v1', NextToken }),
        ),
    );
    for (const document of page.PriceList ?? []) {
      const product = JSON.parse(document) as {
        terms?: { OnDemand?: Record<string, { priceDimensions?: Record<string, PriceDimension> }> };
      };
      for (const term of Object.values(product.terms?.OnDemand ?? {})) {
        const dimensions = Object.values(term.priceDimensions ?? {});
        const first = dimensions.find((d) => d.beginRange === undefined || Number(d.beginRange) === 0);
        const usd = Number(first?.pricePerUnit?.USD);
        if (first && Number.isFinite(usd) && usd > 0) prices.add(usd);
      }
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return prices.size === 1 ? [...prices][0] : undefined;
}
