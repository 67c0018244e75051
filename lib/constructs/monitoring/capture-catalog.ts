import { Aws, Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { lambdaCapturePrefix } from '../../../contract/capture';
import { CaptureBucket } from '../storage/capture-bucket';
import { acknowledgeControl } from '../private/guard';

/** Where a model's captured records are and in which shape. */
export type CaptureLayout =
  | { readonly format: 'lambda' }
  | {
      /** SageMaker data capture under `<model>/<endpoint>/<variant>/yyyy/mm/dd/hh/`. */
      readonly format: 'sagemaker';
      readonly endpointName: string;
      readonly variantName: string;
    };

export interface CaptureCatalogProps {
  readonly captureBucket: CaptureBucket;
  readonly modelName: string;
  readonly layout: CaptureLayout;
  /** Glue database name: lower case letters, digits and underscores. */
  readonly databaseName: string;
  /** Athena workgroup name. */
  readonly workgroupName: string;
  /** Athena cancels a query that would scan more (at least 10,000,000 bytes). */
  readonly bytesScannedCutoffPerQuery: number;
}

/** JSON lines read with the OpenX JSON SerDe ("OpenX JSON SerDe", https://docs.aws.amazon.com/athena/latest/ug/openx-json-serde.html). */
const JSON_LINES = {
  inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
  outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
  serdeInfo: { serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' },
};

/**
 * Table parameters of hourly folders `yyyy/MM/dd/HH/` under a location, read by partition projection as the string
 * column `dt` (date type: format, range, interval and unit; storage.location.template).
 */
function hourlyProjection(location: string): Record<string, string> {
  return {
    classification: 'json',
    'projection.enabled': 'true',
    'projection.dt.type': 'date',
    'projection.dt.format': 'yyyy/MM/dd/HH',
    'projection.dt.range': 'NOW-2YEARS,NOW+1HOURS',
    'projection.dt.interval': '1',
    'projection.dt.interval.unit': 'HOURS',
    'storage.location.template': `${location}\${dt}/`,
  };
}

const SIDE = 'struct<observedcontenttype:string,mode:string,data:string,encoding:string>';

/**
 * A Glue Data Catalog database with a model's capture table and ground-truth table, and the Athena workgroup the
 * drift job queries them in. No crawler: the capture table reads its hourly folders by partition projection
 * ("Use partition projection with Amazon Athena", https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html;
 * date type properties projection.<column>.type/format/range/interval/interval.unit and storage.location.template,
 * https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html), so a new hour is
 * queryable the moment its first object lands.
 */
export class CaptureCatalog extends Construct {
  readonly database: glue.CfnDatabase;
  readonly captureTable: glue.CfnTable;
  readonly groundTruthTable: glue.CfnTable;
  readonly workgroup: athena.CfnWorkGroup;
  readonly databaseName: string;
  /** The shape of the captured records. */
  readonly format: CaptureLayout['format'];
  /** Key prefixes: captured records, ground truth, query results, run reports. */
  readonly capturePrefix: string;
  readonly groundTruthPrefix: string;
  readonly resultsPrefix: string;
  readonly reportsPrefix: string;

  constructor(scope: Construct, id: string, props: CaptureCatalogProps) {
    super(scope, id);
    const { captureBucket, modelName, layout } = props;
    const bucketName = captureBucket.bucket.bucketName;
    this.databaseName = props.databaseName;
    this.format = layout.format;
    this.capturePrefix =
      layout.format === 'lambda'
        ? lambdaCapturePrefix(modelName)
        : `${CaptureBucket.prefixFor(modelName)}${layout.endpointName}/${layout.variantName}/`;
    this.groundTruthPrefix = `${modelName}/ground-truth/`;
    this.resultsPrefix = `${modelName}/athena-results/`;
    this.reportsPrefix = `${modelName}/drift-reports/`;

    // "AWS::Glue::Database" (CatalogId, DatabaseInput.Name),
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-glue-database.html
    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: {
        name: props.databaseName,
        description: `Captured answers and ground truth of ${modelName}`,
      },
    });

    const columns =
      layout.format === 'lambda'
        ? [
            { name: 'capture', type: 'string' },
            { name: 'model', type: 'string' },
            { name: 'version', type: 'string' },
            { name: 'time', type: 'string' },
            { name: 'inference_id', type: 'string' },
            { name: 'features', type: 'array<double>' },
            { name: 'prediction', type: 'string' },
          ]
        : [
            { name: 'capturedata', type: `struct<endpointinput:${SIDE},endpointoutput:${SIDE}>` },
            { name: 'eventmetadata', type: 'struct<eventid:string,inferenceid:string,inferencetime:string>' },
            { name: 'eventversion', type: 'string' },
          ];
    // "AWS::Glue::Table" (TableInput: Name, TableType, Parameters, PartitionKeys, StorageDescriptor),
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-glue-table.html
    this.captureTable = new glue.CfnTable(this, 'CaptureTable', {
      catalogId: Aws.ACCOUNT_ID,
      databaseName: props.databaseName,
      tableInput: {
        name: 'capture',
        description: `Captured answers of ${modelName} (${layout.format} format), one partition per hour`,
        tableType: 'EXTERNAL_TABLE',
        partitionKeys: [{ name: 'dt', type: 'string' }],
        parameters: hourlyProjection(`s3://${bucketName}/${this.capturePrefix}`),
        storageDescriptor: {
          ...JSON_LINES,
          location: `s3://${bucketName}/${this.capturePrefix}`,
          columns,
        },
      },
    });
    this.captureTable.addResourceDependency(this.database);

    this.groundTruthTable = new glue.CfnTable(this, 'GroundTruthTable', {
      catalogId: Aws.ACCOUNT_ID,
      databaseName: props.databaseName,
      tableInput: {
        name: 'ground_truth',
        description: `Ground truth of ${modelName}: JSON lines {"inference_id": ..., "label": ...} under the hour folder of the answers they label`,
        tableType: 'EXTERNAL_TABLE',
        // The same hourly folders as the capture, by the time of the labelled answers: a run reads its window's
        // folders, not every label ever uploaded.
        partitionKeys: [{ name: 'dt', type: 'string' }],
        parameters: hourlyProjection(`s3://${bucketName}/${this.groundTruthPrefix}`),
        storageDescriptor: {
          ...JSON_LINES,
          location: `s3://${bucketName}/${this.groundTruthPrefix}`,
          columns: [
            { name: 'inference_id', type: 'string' },
            { name: 'label', type: 'string' },
          ],
        },
      },
    });
    this.groundTruthTable.addResourceDependency(this.database);

    // "AWS::Athena::WorkGroup" WorkGroupConfiguration (EnforceWorkGroupConfiguration, BytesScannedCutoffPerQuery,
    // PublishCloudWatchMetricsEnabled, EngineVersion, ResultConfiguration.EncryptionConfiguration SSE_KMS + KmsKey),
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-athena-workgroup-workgroupconfiguration.html
    this.workgroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: props.workgroupName,
      description: `Drift and quality queries of ${modelName}`,
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${bucketName}/${this.resultsPrefix}`,
          encryptionConfiguration: {
            encryptionOption: 'SSE_KMS',
            kmsKey: captureBucket.encryptionKey.keyArn,
          },
        },
      },
    });
    if (Stack.of(captureBucket) !== Stack.of(this)) {
      acknowledgeControl(
        this.workgroup,
        'athenaResultsKms',
        'Query results are encrypted with SSE_KMS and the capture bucket key, which lives in the platform stack: the ' +
          'control reads the cross-stack reference to its ARN as neither a string nor a key of this template.',
      );
    }
  }

  /** `"database"."table"` of the capture table, for queries. */
  get captureTableName(): string {
    return `"${this.databaseName}"."capture"`;
  }

  get groundTruthTableName(): string {
    return `"${this.databaseName}"."ground_truth"`;
  }

  /**
   * What a principal needs to run the drift and quality queries: the workgroup's query actions, the catalog entries
   * of this database, reading the captured records and ground truth, writing and reading query results, and the
   * capture key (S3 encrypts results with it and decrypts the records). Actions: "Example workgroup policies",
   * https://docs.aws.amazon.com/athena/latest/ug/example-policies-workgroup.html; "Fine-grained access to databases
   * and tables in the AWS Glue Data Catalog", https://docs.aws.amazon.com/athena/latest/ug/fine-grained-access-to-glue-resources.html.
   */
  grantQuery(grantee: iam.IGrantable, captureBucket: CaptureBucket): void {
    const stack = Stack.of(this);
    iam.Grant.addToPrincipal({
      grantee,
      actions: [
        'athena:StartQueryExecution',
        'athena:GetQueryExecution',
        'athena:GetQueryResults',
        'athena:GetWorkGroup',
      ],
      resourceArns: [
        stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: this.workgroup.name }),
      ],
    });
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['glue:GetDatabase', 'glue:GetTable'],
      resourceArns: [
        stack.formatArn({ service: 'glue', resource: 'catalog' }),
        stack.formatArn({ service: 'glue', resource: 'database', resourceName: this.databaseName }),
        stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${this.databaseName}/*` }),
      ],
    });
    captureBucket.grantReadPrefix(grantee, this.capturePrefix);
    captureBucket.grantReadPrefix(grantee, this.groundTruthPrefix);
    captureBucket.grantReadPrefix(grantee, this.resultsPrefix);
    captureBucket.grantWritePrefix(grantee, this.resultsPrefix);
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:GetBucketLocation'],
      resourceArns: [captureBucket.bucket.bucketArn],
    });
  }
}
