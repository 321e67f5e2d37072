plugins {
    id("com.android.application")
    id("org.jetbrains.kotlin.android")
    id("com.google.gms.google-services")
}

android {
    namespace = "com.acme.tracker"
    compileSdk = 34
    defaultConfig {
        applicationId = "com.acme.tracker"
        minSdk = 24
        versionCode = 40206
        versionName = "4.2.6.2"
        buildConfigField("String", "BUILD_ID", "\"20241129.1222\"")
    }
}

dependencies {
    implementation("com.squareup.okhttp3:okhttp:4.12.0")
    implementation("com.google.firebase:firebase-messaging:23.4.1")
    implementation("com.google.android.gms:play-services-ads-identifier:18.0.1")
    implementation(files("libs/oaid_sdk_1.0.25.aar"))
    testImplementation("junit:junit:4.13.2")
}
