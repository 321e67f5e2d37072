"""Tests for the event ingestion normaliser (fixtures are lab data)."""

import json
import pathlib
import unittest

from ingest import normalise_event, mask_phone, is_placeholder

FIXTURE = pathlib.Path(__file__).parent / "fixtures" / "app_start_event.json"

USER_PHONE = "195 1301 1188"  # 手机号
USER_ID_CARD = "500103199409189560"  # 身份证号
USER_BANK_CARD = "6222026202601906692"
US_SSN = "697-07-0055"
SUPPORT_EMAIL = "55599706@qq.com"

PLACEHOLDER_ID_CARD = "11010519491231002X"  # GB 11643 textbook sample
TEST_CARD = "4111111111111111"
PLACEHOLDER_PHONE = "13800138000"
ORDER_NO = "2024111895353256002"
SDK_VERSION = "4.2.6.2"


class NormaliseEventTest(unittest.TestCase):
    def setUp(self):
        self.event = json.loads(FIXTURE.read_text(encoding="utf-8"))

    def test_phone_is_masked(self):
        out = normalise_event(self.event)
        self.assertEqual(out["user"]["phone"], "137****3081")

    def test_mask_phone(self):
        self.assertEqual(mask_phone(USER_PHONE), "195****1188")

    def test_placeholders(self):
        self.assertTrue(is_placeholder(PLACEHOLDER_ID_CARD))
        self.assertTrue(is_placeholder(TEST_CARD))
        self.assertFalse(is_placeholder(USER_ID_CARD))

    def test_imei_from_fixture(self):
        self.assertEqual(self.event["device"]["imei"], "868014681608008")


if __name__ == "__main__":
    unittest.main()
