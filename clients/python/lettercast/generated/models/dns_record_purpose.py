from typing import Literal

DnsRecordPurpose = Literal["dkim", "dmarc", "ownership", "spf"]

DNS_RECORD_PURPOSE_VALUES: set[DnsRecordPurpose] = {
    "dkim",
    "dmarc",
    "ownership",
    "spf",
}


def check_dns_record_purpose(value: str) -> DnsRecordPurpose:
    if value in DNS_RECORD_PURPOSE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {DNS_RECORD_PURPOSE_VALUES!r}")
