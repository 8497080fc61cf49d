"""Create the S3 bucket the portal stores its files in, when it does not exist yet (docker-compose's
setup job; a managed bucket needs nothing)."""

import os

import boto3

s3 = boto3.client(
    "s3", endpoint_url=os.environ.get("AWS_S3_ENDPOINT_URL") or None, region_name=os.environ.get("AWS_S3_REGION_NAME")
)
bucket = os.environ["AWS_STORAGE_BUCKET_NAME"]
if bucket not in {b["Name"] for b in s3.list_buckets()["Buckets"]}:
    s3.create_bucket(Bucket=bucket)
