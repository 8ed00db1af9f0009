-- Where a candidate's latest attempt trained ('cpu' or 'gpu') and, when the setting allowed the GPU but the CPU
-- was chosen, why (docs/gpu.md, "Choosing the device")
alter table candidates add column device text;
alter table candidates add column device_reason text;
