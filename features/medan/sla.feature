# language: id
Fitur: Service Level Agreement infrastruktur smart city
  Kebijakan TIK Pemkot Medan (bagian III.D): infrastruktur smart city harus memenuhi SLA atas
  ketersediaan jaringan, sistem cadangan (backup atau redundansi), sistem penanggulangan
  bencana, perangkat pengamanan jaringan dan jaminan keandalan jaringan. Ketersediaan minimum
  adalah parameter Diskominfo, bawaannya 99,0 persen.

  Skenario: Ketersediaan di bawah 99,0 persen (MDN-SLA-01)
    Diketahui sistem "fixtures/medan/MDN-SLA-01.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-SLA-01" yang muncul
    Dan temuan "MDN-SLA-01" muncul pada path "spec.sla.availability_percent"
    Dan temuan pada path "spec.sla.availability_percent" menunjuk baris yang memuat "availability_percent: 98.9"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Ketersediaan tepat 99,0 persen sudah memenuhi (MDN-SLA-01)
    Diketahui usulan "fixtures/medan/MDN-SLA-01.pass.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka tidak ada temuan
    Dan putusan dokumen adalah "compliant"
    Dan kode keluar adalah 0

  Skenario: Tanpa backup dan tanpa redundansi (MDN-SLA-02)
    Diketahui sistem "fixtures/medan/MDN-SLA-02.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-SLA-02" yang muncul
    Dan temuan "MDN-SLA-02" muncul pada path "spec.sla.backup"
    Dan temuan pada path "spec.sla.backup" menunjuk baris yang memuat "backup:"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Tanpa rencana pemulihan bencana (MDN-SLA-03)
    Diketahui usulan "fixtures/medan/MDN-SLA-03.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-SLA-03" yang muncul
    Dan temuan "MDN-SLA-03" muncul pada path "spec.sla.disaster_recovery.plan_ref"
    Dan temuan pada path "spec.sla.disaster_recovery.plan_ref" menunjuk baris yang memuat "plan_ref:"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Tanpa firewall (MDN-SLA-04)
    Diketahui sistem "fixtures/medan/MDN-SLA-04.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-SLA-04" yang muncul
    Dan temuan "MDN-SLA-04" muncul pada path "spec.security.network.firewall"
    Dan temuan pada path "spec.security.network.firewall" menunjuk baris yang memuat "firewall: false"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Waktu tanggap insiden nol jam bukan jaminan keandalan (MDN-SLA-05)
    Diketahui usulan "fixtures/medan/MDN-SLA-05.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-SLA-05" yang muncul
    Dan temuan "MDN-SLA-05" muncul pada path "spec.sla.reliability.incident_response_hours"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Sistem tanpa SLA sama sekali melanggar kelima kewajiban SLA
    Diketahui dokumen berikut:
      """yaml
      apiVersion: patuh/v1
      kind: System
      metadata:
        id: SI-ARSIP
        title: Sistem Informasi Kearsipan Dinamis
        opd: Dinas Perpustakaan dan Kearsipan
      spec:
        dimensions:
          - smart_governance
      """
    Ketika patuh memeriksa dokumen itu
    Maka temuan "MDN-SLA-01" muncul pada path "spec.sla.availability_percent"
    Dan temuan "MDN-SLA-02" muncul pada path "spec.sla.backup"
    Dan temuan "MDN-SLA-03" muncul pada path "spec.sla.disaster_recovery.plan_ref"
    Dan temuan "MDN-SLA-04" muncul pada path "spec.security.network.firewall"
    Dan temuan "MDN-SLA-05" muncul pada path "spec.sla.reliability.incident_response_hours"
    Dan temuan pada path "spec.sla.availability_percent" menunjuk baris yang memuat "spec:"
    Dan putusan dokumen adalah "non_compliant"
