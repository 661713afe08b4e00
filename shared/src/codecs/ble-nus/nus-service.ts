/**
 * Nordic UART Service identifiers (ble-nus-and-bluez.md Part A), lowercase as BlueZ prints them. Compare
 * case-insensitively: sources print them in both cases.
 */
export const NUS_SERVICE_UUID = '6e400001-b5a3-f393-e0a9-e50e24dcca9e';
/** Central → peripheral; flags write, write-without-response. */
export const NUS_RX_UUID = '6e400002-b5a3-f393-e0a9-e50e24dcca9e';
/** Peripheral → central; flag notify. */
export const NUS_TX_UUID = '6e400003-b5a3-f393-e0a9-e50e24dcca9e';

/** Default ATT MTU (mbed `GATT_MTU_SIZE_DEFAULT`), unless a larger one is negotiated. */
export const DEFAULT_ATT_MTU = 23;
/** Largest value per write or notification at the default MTU: MTU − 3 (nRF5 `BLE_NUS_MAX_DATA_LEN`). */
export const DEFAULT_NUS_CHUNK_BYTES = DEFAULT_ATT_MTU - 3;
