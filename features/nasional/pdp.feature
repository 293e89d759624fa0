# language: id
Fitur: Pelindungan data pribadi (paket nasional, UU 27/2022)
  OPD adalah Pengendali Data Pribadi (UU 27/2022 Pasal 1). Pemrosesan data pribadi memerlukan
  dasar pemrosesan, penilaian dampak bila berisiko tinggi (antara lain data kesehatan),
  prosedur pemberitahuan kegagalan pelindungan paling lambat 3 x 24 jam, dan pejabat pelindungan
  data pribadi. Dokumen yang tidak menyatakan `personal_data: false` dianggap memproses data
  pribadi.

  Skenario: Aplikasi kesehatan dengan data pasien tanpa penilaian dampak (NAS-PDP-02)
    Diketahui dokumen berikut:
      """yaml
      apiVersion: patuh/v1
      kind: Proposal
      metadata:
        id: DINKES-2026-021
        title: Aplikasi Rekam Medis Elektronik Puskesmas
        opd: Dinas Kesehatan
      spec:
        security:
          personal_data: true
          data_protection:
            categories: [general, health]
            high_risk: []
            lawful_basis: public_task
            breach_notification:
              procedure_ref: SOP-INSIDEN-DINKES-2026
              within_hours: 72
              recipients: [data_subjects, agency]
            officer:
              name: Kepala Seksi Data dan Informasi
              appointment_ref: SK Kadis 800/045/2026
      """
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka temuan "NAS-PDP-02" muncul pada path "spec.security.data_protection.dpia_ref"
    Dan temuan "NAS-PDP-02" menunjuk baris yang memuat "data_protection:"
    Dan temuan "NAS-PDP-02" berderajat "error"
    Dan temuan "NAS-PDP-01" tidak muncul
    Dan temuan "NAS-PDP-03" tidak muncul
    Dan temuan "NAS-PDP-04" tidak muncul
    Dan putusan dokumen adalah "non_compliant"

  Skenario: Aplikasi kesehatan dengan penilaian dampak lolos (NAS-PDP-02)
    Diketahui sistem "fixtures/nasional/NAS-PDP-02.pass.yaml"
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka tidak ada temuan

  Skenario: Data pribadi tanpa dasar pemrosesan (NAS-PDP-01)
    Diketahui usulan "fixtures/nasional/NAS-PDP-01.fail.yaml"
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka hanya temuan "NAS-PDP-01" yang muncul
    Dan temuan "NAS-PDP-01" muncul pada path "spec.security.data_protection.lawful_basis"

  Skenario: Usulan tanpa data pribadi tidak memerlukan aturan pelindungan data (NAS-PDP-01)
    Diketahui usulan "fixtures/nasional/NAS-PDP-01.pass.yaml"
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka tidak ada temuan

  Skenario: Pemberitahuan kegagalan pelindungan lebih dari 3 x 24 jam (NAS-PDP-03)
    Diketahui usulan "fixtures/nasional/NAS-PDP-03.fail.yaml"
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka hanya temuan "NAS-PDP-03" yang muncul
    Dan temuan "NAS-PDP-03" muncul pada path "spec.security.data_protection.breach_notification.within_hours"
    Dan temuan "NAS-PDP-03" menunjuk baris yang memuat "within_hours: 96"

  Skenario: Sistem tanpa pejabat pelindungan data pribadi (NAS-PDP-04)
    Diketahui sistem "fixtures/nasional/NAS-PDP-04.fail.yaml"
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka hanya temuan "NAS-PDP-04" yang muncul
    Dan temuan "NAS-PDP-04" muncul pada path "spec.security.data_protection.officer.appointment_ref"
