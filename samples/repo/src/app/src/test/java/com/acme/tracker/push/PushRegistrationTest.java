package com.acme.tracker.push;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import org.junit.Test;

public class PushRegistrationTest {
    private static final String FID = "ebbZQZgQzlNSkMdt3LUjbA";
    private static final String INSTANCE_ID = "fe7v8fhgq84";
    private static final String TOKEN = "ebbZQZgQzlNSkMdt3LUjbA:APA91blos_KzxPRgcu_pq9R3U0YLOt5keeyXqn3qCQ8wEwtxfHHTmKG75HjkazI_nttv9rUjsPOJ_nP7LWYqvOS7ymQxHmIoKxyuAH1p5oKkSyUYPAFZeVZC3pPjqwSM0qeWbZbreMhg";
    private static final String LEGACY_TOKEN =
            "fe7v8fhgq84:APA91bvvJF8ClO-o9vWLnL2TC-bnZch0Q8fy_BmPnER599s7U8dMHp3A0vLnjSOoNZzi-8BbRdE-H5vAxz-7f6XSw87YdtWFPqCF96ra5Wp77-V25lOzEUzKviI2VkViJHtcdpBMdpMY";
    private static final String REQUEST_ID = "e2bc7ff2-b8c0-4319-bc61-d1aa8d0c2c80";

    @Test
    public void registrationPayloadCarriesDeviceContext() {
        Map<String, Object> payload = Map.of(
                "registration_token", TOKEN,
                "android_id", "ce16dea1d6d961c1",
                "tac", 51620,
                "eci", 43278298L,
                "phone", "+86 158 2643 6667",
                "backup_phone", "+44 7443 715806",
                "client_ip", "2409:64da:96ba:95fa::bf8",
                "request_id", REQUEST_ID);
        PushRegistration reg = PushRegistration.fromMap(payload);
        assertEquals(FID, reg.installationIdFromToken(TOKEN));
        assertTrue(reg.isLegacy(LEGACY_TOKEN));
    }

    @Test
    public void rejectsPlaceholderMsisdn() {
        assertTrue(PushRegistration.isPlaceholderPhone("13800138000"));
        assertTrue(PushRegistration.isMasked("158****6667"));
    }
}
